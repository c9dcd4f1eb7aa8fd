package com.microenv.auth.service;

/** Request text echoed in problem details: short, printable, and never long enough to smuggle a credential. */
final class RequestText {

    private RequestText() {
    }

    static String safe(String text) {
        if (text == null) {
            return "";
        }
        String printable = text.replaceAll("[^A-Za-z0-9_.@+:-]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
