package com.microenv.cli.commands;

import com.microenv.cli.CliException;
import com.microenv.cli.ExitCodes;
import com.microenv.cli.api.ApiException;
import com.microenv.cli.api.MicroenvApi;
import com.microenv.cli.config.ApiUrl;
import com.microenv.cli.config.Credential;
import com.microenv.cli.config.CredentialStore;
import com.microenv.cli.config.InvalidCredentialException;
import com.microenv.cli.config.StoredCredential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code microenv logout}: revokes the stored CLI token at the server, then forgets it here. */
@Command(name = "logout",
        description = {
                "Revoke the CLI token stored for this API URL (POST /v1/auth/logout) and delete it from "
                        + "the credentials file. When the API is unreachable the token is still deleted here, and "
                        + "microenv says so and exits with 4: the token then stays valid until it expires or is "
                        + "revoked with 'microenv tokens revoke'."})
final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.commandLine();
        MicroenvCommand root = MicroenvCommand.of(spec);
        ApiUrl url = root.apiUrl(command);
        CredentialStore store = root.settings().credentialStore();
        PrintWriter out = command.getOut();
        if (root.context().envValue("MICROENV_TOKEN") != null) {
            root.warn("MICROENV_TOKEN is set: logout does not revoke or unset it, only the token stored by login");
        }
        Optional<StoredCredential> stored;
        try {
            stored = store.find(url.url());
        } catch (CredentialStore.InsecureFileException e) {
            // Another user could have read it: the token must go, here and at the server.
            stored = readAnyway(store, url);
        } catch (CredentialStore.CredentialStoreException e) {
            throw new CliException(ExitCodes.ERROR, e.getMessage(), e);
        }
        if (stored.isEmpty()) {
            out.println("Not logged in to " + url.url() + ": nothing to do.");
            return ExitCodes.OK;
        }
        CliException revokeFailure = null;
        try {
            Credential token = Credential.parse(stored.get().token());
            if (token.kind() == Credential.Kind.WORKLOAD_TOKEN) {
                // The API revokes only CLI tokens at logout; a workload token expires by itself within minutes.
                store.remove(url.url());
                out.println("Logged out of " + url.url() + ": the workload token is deleted from " + store.file()
                        + (stored.get().expiresAt() == null ? "" : "; it expires by itself at " + stored.get().expiresAt()) + ".");
                return ExitCodes.OK;
            }
            new MicroenvApi(url, token, root.userAgent(), root::debug).revokeCurrentToken();
        } catch (InvalidCredentialException e) {
            root.warn("the stored token is malformed; deleting it without asking the server");
        } catch (ApiException e) {
            if (e.status() != 401) {
                revokeFailure = e;
            }
            // 401: the server no longer accepts it (expired or revoked already), which is what logout wants.
        } catch (CliException e) {
            revokeFailure = e;
        }
        store.remove(url.url());
        if (revokeFailure != null) {
            throw new CliException(revokeFailure.exitCode(), "deleted the token stored for " + url.url()
                    + " from " + store.file() + ", but could not revoke it at the server (" + revokeFailure.getMessage()
                    + "): it stays valid until it expires, or until revoked with 'microenv tokens revoke'");
        }
        out.println("Logged out of " + url.url() + ": the token is revoked and deleted from " + store.file() + ".");
        return ExitCodes.OK;
    }

    private static Optional<StoredCredential> readAnyway(CredentialStore store, ApiUrl url) {
        return store.findIgnoringPermissions(url.url());
    }
}
