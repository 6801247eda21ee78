-- Command side: set-validation lookup (kms-api.md 5.1), kept in the transaction that appends the
-- events; its constraints stop two nodes from both winning a race the lookup checks cannot see.
create table custom_key_store_lookup (
    store_id             varchar(64)  not null,
    account_id           varchar(12)  not null,
    store_name           varchar(256) not null,
    quota_slot           integer      not null,
    cluster_fingerprint  varchar(64),
    xks_uri_endpoint     varchar(128),
    xks_uri_path         varchar(128),
    xks_connectivity     varchar(32),
    xks_vpc_service_name varchar(64),
    constraint custom_key_store_lookup_pk primary key (store_id),
    constraint custom_key_store_lookup_quota_ck check (quota_slot >= 0 and quota_slot < 10),
    constraint custom_key_store_lookup_name_uk unique (account_id, store_name),
    constraint custom_key_store_lookup_quota_uk unique (account_id, quota_slot),
    constraint custom_key_store_lookup_cluster_uk unique (account_id, cluster_fingerprint),
    constraint custom_key_store_lookup_xks_uri_uk unique (account_id, xks_uri_endpoint, xks_uri_path),
    constraint custom_key_store_lookup_vpc_service_uk unique (xks_vpc_service_name)
);

-- One row per XKS endpoint in the Region: shared by PUBLIC stores or owned by one VPC store.
create table xks_endpoint_claim (
    uri_endpoint varchar(128) not null,
    connectivity varchar(32)  not null,
    store_count  integer      not null,
    constraint xks_endpoint_claim_pk primary key (uri_endpoint)
);

-- Credentials (kmsuser passwords, XKS secret access keys), AES-256-GCM under the master key.
create table key_store_secret (
    secret_ref          varchar(128) not null,
    custom_key_store_id varchar(64)  not null,
    ciphertext          varbinary(4096) not null,
    created_at          timestamp with time zone default current_timestamp not null,
    constraint key_store_secret_pk primary key (secret_ref)
);
create index key_store_secret_store_idx on key_store_secret (custom_key_store_id);

-- Query side: the DescribeCustomKeyStores view.
create table custom_key_store_view (
    custom_key_store_id            varchar(64)  not null,
    account_id                     varchar(12)  not null,
    custom_key_store_name          varchar(256) not null,
    custom_key_store_type          varchar(32)  not null,
    connection_state               varchar(16)  not null,
    connection_error_code          varchar(64),
    creation_micros                bigint       not null,
    cloud_hsm_cluster_id           varchar(24),
    trust_anchor_certificate       varchar(5000),
    xks_uri_endpoint               varchar(128),
    xks_uri_path                   varchar(128),
    xks_connectivity               varchar(32),
    xks_vpc_endpoint_service_name  varchar(64),
    xks_vpc_endpoint_service_owner varchar(12),
    xks_access_key_id              varchar(30),
    constraint custom_key_store_view_pk primary key (custom_key_store_id)
);
create index custom_key_store_view_account_idx on custom_key_store_view (account_id, creation_micros, custom_key_store_id);

-- The built-in software HSM clusters: certificates, and kmsuser's password as a salted hash only.
create table software_hsm_cluster (
    cluster_id              varchar(24)   not null,
    trust_anchor_pem        varchar(8000) not null,
    cluster_certificate_pem varchar(8000) not null,
    constraint software_hsm_cluster_pk primary key (cluster_id)
);

create table software_hsm_user (
    cluster_id    varchar(24)  not null,
    user_name     varchar(64)  not null,
    password_hash varchar(255) not null,
    failed_logins integer      not null,
    constraint software_hsm_user_pk primary key (cluster_id, user_name),
    constraint software_hsm_user_cluster_fk foreign key (cluster_id) references software_hsm_cluster (cluster_id)
);
