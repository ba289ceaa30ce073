-- The org directory analytics authorizes by (packages/directory): the latest version of every
-- agency, unit, official, membership and role grant org published. Every replica reads it at
-- start and then by updated_at; the replica whose consumer inserts a row also applies it in memory.
CREATE TABLE IF NOT EXISTS org_directory
(
    kind        LowCardinality(String),
    id          String,
    tenant_id   LowCardinality(String),
    version     UInt64,
    removed     UInt8,
    record      String,
    updated_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (kind, id);
