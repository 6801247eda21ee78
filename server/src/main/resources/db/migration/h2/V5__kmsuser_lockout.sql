-- kmsuser's consecutive failed logins per cluster, software and PKCS#11 alike, seen by every node;
-- locked_at is set at the fifth failure in a row and cleared only by an operator (admin endpoint).
create table kmsuser_lockout (
    cluster_id    varchar(24) not null,
    failed_logins integer     not null,
    locked_at     timestamp with time zone,
    constraint kmsuser_lockout_pk primary key (cluster_id)
);

-- The software cluster's own count never locked anyone; kmsuser_lockout replaces it.
alter table software_hsm_user drop column failed_logins;
