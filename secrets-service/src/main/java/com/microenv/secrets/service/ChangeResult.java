package com.microenv.secrets.service;

import java.util.List;

/** The outcome of a bulk change or an upload: the new versions and the deleted names, never values. */
public record ChangeResult(List<WriteResult> written, List<String> deleted, List<String> unchanged) {
}
