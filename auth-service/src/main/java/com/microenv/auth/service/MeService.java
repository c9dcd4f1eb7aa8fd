package com.microenv.auth.service;

import com.microenv.auth.persistence.ApiKeyEntity;
import com.microenv.auth.persistence.ApiKeyRepository;
import com.microenv.auth.persistence.CliTokenEntity;
import com.microenv.auth.persistence.CliTokenRepository;
import com.microenv.auth.persistence.UserEntity;
import com.microenv.auth.persistence.UserRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** {@code GET /v1/me}: the caller (a user, their CLI token, or an API key), and a person's projects and roles. */
@ApplicationScoped
public class MeService {

    /** For a person: the user, their projects, and the CLI token when that is the credential. For a key: the key. */
    public record Me(Caller caller, UserEntity user, List<ProjectService.ProjectRole> projects, CliTokenEntity cliToken,
                     ApiKeyEntity apiKey) {
    }

    private final UserRepository users;
    private final CliTokenRepository cliTokens;
    private final ApiKeyRepository apiKeys;
    private final ProjectService projects;

    public MeService(UserRepository users, CliTokenRepository cliTokens, ApiKeyRepository apiKeys, ProjectService projects) {
        this.users = users;
        this.cliTokens = cliTokens;
        this.apiKeys = apiKeys;
        this.projects = projects;
    }

    @WithSession
    public Uni<Me> me(Caller caller) {
        if (caller.isWorkload()) {
            return Uni.createFrom().item(new Me(caller, null, List.of(), null, null));
        }
        if (caller.isApiKey()) {
            return apiKeys.findById(caller.credentialId()).map(key -> new Me(caller, null, List.of(), null, key));
        }
        Uni<CliTokenEntity> token = caller.isCliToken() ? cliTokens.findById(caller.credentialId()) : Uni.createFrom().nullItem();
        return users.findById(caller.subject())
                .chain(user -> token.chain(cli -> projects.listMine(caller).map(list -> new Me(caller, user, list, cli, null))));
    }
}
