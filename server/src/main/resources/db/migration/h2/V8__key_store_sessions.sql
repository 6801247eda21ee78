-- What any node needs to open its own session to a connected store: the current connection
-- attempt and its target (ConnectionTarget as JSON: cluster or proxy settings and the credential
-- reference, never the credential).
create table key_store_session_target (
    custom_key_store_id varchar(64)   not null,
    attempt_id          varchar(64)   not null,
    target_json         varchar(4000) not null,
    constraint key_store_session_target_pk primary key (custom_key_store_id)
);
