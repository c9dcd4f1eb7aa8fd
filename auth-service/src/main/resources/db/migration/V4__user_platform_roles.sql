-- auth-service schema, version 4: the platform roles (Keycloak realm roles MicroENV knows, today only
-- microenv-operator) that auth-service last saw in a user's Keycloak token, so that the user's CLI tokens carry
-- them too (docs/contracts.md, "Platform operators"). Comma-separated; empty = none. Additive and idempotent.
alter table users add column if not exists platform_roles text not null default '';
