package com.microenv.gateway.support;

import org.eclipse.microprofile.config.ConfigProvider;

import static io.restassured.RestAssured.given;

/** The gateway's Prometheus text from its management interface (the port the test resource chose). */
public final class Metrics {

    private Metrics() {
    }

    public static String url() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class)
                + "/q/metrics";
    }

    public static String scrape() {
        return given().get(url()).then().statusCode(200).extract().asString();
    }
}
