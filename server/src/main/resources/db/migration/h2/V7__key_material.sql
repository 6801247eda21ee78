-- Key material Keyhold holds (XKS inner keys, the software cluster's keys): AES-256-GCM under the
-- master key with material_ref as AAD. Deleting a row destroys the material (crypto-shredding).
create table key_material (
    material_ref varchar(200)   not null,
    ciphertext   varbinary(256) not null,
    created_at   timestamp with time zone default current_timestamp not null,
    constraint key_material_pk primary key (material_ref)
);
