package com.microenv.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one measured phase, in milliseconds, from a histogram recorded in microseconds.
 *
 * @param count       responses measured (successes and failures)
 * @param errors      responses that were not the expected status, or failed at the transport
 * @param seconds     length of the measured phase
 * @param achievedRps count / seconds
 */
public record LatencySummary(long count, long errors, double seconds, double achievedRps,
                             double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {

    public static LatencySummary of(Histogram micros, long errors, double seconds) {
        long count = micros.getTotalCount();
        return new LatencySummary(count, errors, seconds, seconds > 0 ? count / seconds : 0,
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), count == 0 ? 0 : round(micros.getMean() / 1000.0));
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
