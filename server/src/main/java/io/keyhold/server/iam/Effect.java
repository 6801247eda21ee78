package io.keyhold.server.iam;

/** A statement's Effect. */
enum Effect {
    ALLOW,
    DENY
}
