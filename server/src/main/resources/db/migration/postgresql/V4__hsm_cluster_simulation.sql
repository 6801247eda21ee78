-- Cluster facts an operator changes at run time (admin endpoint), seen by every node; a cluster
-- without a row keeps what configuration declares.
create table hsm_cluster_simulation (
    cluster_id         varchar(24) not null,
    active             boolean,
    hsms               integer,
    availability_zones integer,
    connect_failure    varchar(64),
    constraint hsm_cluster_simulation_pk primary key (cluster_id)
);
