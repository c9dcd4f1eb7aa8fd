package com.microenv.auth.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Recent login refusals per trust. */
@ApplicationScoped
public class OidcRefusalRepository implements PanacheRepositoryBase<OidcRefusalEntity, Long> {

    /** The trust's newest refusals, at most {@code limit}. */
    public Uni<List<OidcRefusalEntity>> recent(String trustId, int limit) {
        return find("trustId", Sort.descending("at").and("id", Sort.Direction.Descending), trustId)
                .page(Page.ofSize(limit)).list();
    }
}
