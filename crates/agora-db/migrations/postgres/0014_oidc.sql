-- Sign-in with the city's OpenID provider. A sign-in under way: the browser holds its
-- state in a cookie; the state's SHA-256 keys the PKCE verifier and the nonce kept here
-- until the provider sends the person back (once, within ten minutes).
CREATE TABLE oidc_sign_ins (
    state_hash TEXT PRIMARY KEY,
    pkce_verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    next_path TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX oidc_sign_ins_expiry ON oidc_sign_ins (expires_at);

-- Who a provider's subject is here: later sign-ins find the account by (issuer,
-- subject), never by e-mail address, which the person may change at either end.
CREATE TABLE oidc_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);
