-- Command side: set-validation lookups for KMS keys and aliases, kept in the transaction that
-- appends the events. A key row refers to its store's row, so a store that holds keys (pending
-- deletion included) cannot lose its row, and no key can be added to a store being deleted.
create table kms_key_lookup (
    key_id              varchar(64)   not null,
    key_arn             varchar(2048) not null,
    account_id          varchar(12)   not null,
    custom_key_store_id varchar(64)   not null,
    xks_key_id          varchar(128),
    constraint kms_key_lookup_pk primary key (key_id),
    constraint kms_key_lookup_xks_key_uk unique (custom_key_store_id, xks_key_id),
    constraint kms_key_lookup_store_fk foreign key (custom_key_store_id) references custom_key_store_lookup (store_id)
);

-- The live aliases of each key, so that a completed key deletion can delete them.
create table kms_alias_lookup (
    alias_id      varchar(300) not null,
    account_id    varchar(12)  not null,
    alias_name    varchar(256) not null,
    target_key_id varchar(64)  not null,
    constraint kms_alias_lookup_pk primary key (alias_id)
);
create index kms_alias_lookup_target_idx on kms_alias_lookup (target_key_id);

-- Query side: DescribeKey, ListKeys and the crypto guard; the store's connection state is joined
-- from custom_key_store_view when read.
create table kms_key_view (
    key_id               varchar(64)    not null,
    key_arn              varchar(2048)  not null,
    account_id           varchar(12)    not null,
    custom_key_store_id  varchar(64)    not null,
    origin               varchar(32)    not null,
    cloud_hsm_cluster_id varchar(24),
    xks_key_id           varchar(128),
    description          varchar(8192),
    policy               varchar(32768),
    material_ref         varchar(128),
    recorded_state       varchar(32)    not null,
    creation_micros      bigint         not null,
    deletion_micros      bigint,
    pending_window_days  integer,
    constraint kms_key_view_pk primary key (key_id)
);
create index kms_key_view_account_idx on kms_key_view (account_id, creation_micros, key_id);

-- Query side: ListAliases and aliases as key identifiers.
create table kms_alias_view (
    account_id      varchar(12)  not null,
    alias_name      varchar(256) not null,
    target_key_id   varchar(64)  not null,
    creation_micros bigint       not null,
    constraint kms_alias_view_pk primary key (account_id, alias_name)
);
create index kms_alias_view_target_idx on kms_alias_view (target_key_id);
