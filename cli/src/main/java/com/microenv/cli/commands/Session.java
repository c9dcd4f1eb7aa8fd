package com.microenv.cli.commands;

import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.ApiUrl;
import com.microenv.cli.config.CliSettings.ResolvedCredential;

/** What a command talks to: the API URL, the credential presented there, and the client. */
record Session(ApiUrl apiUrl, ResolvedCredential credential, MicroenvApi api) {
}
