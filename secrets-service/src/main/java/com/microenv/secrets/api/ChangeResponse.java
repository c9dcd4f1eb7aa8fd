package com.microenv.secrets.api;

import java.util.List;

/** The answer to a bulk change or an upload: new versions, deleted and unchanged names, never values. */
public record ChangeResponse(List<WriteResponse> written, List<String> deleted, List<String> unchanged) {
}
