-- Work-log facts, one row per diary entry. ReplacingMergeTree keeps the latest version of an
-- entry; the consumer also skips entries it has already stored, so the rollup below counts
-- each entry once.
CREATE TABLE work_log_fact
(
    tenant_id     LowCardinality(String),
    agency_id     UUID,
    unit_id       UUID,
    official_id   UUID,
    work_item_id  UUID,
    entry_id      UUID,
    work_date     Date,
    quantity      Decimal(12, 2),
    minutes       UInt32,
    event_id      UUID,
    created_at    DateTime64(3, 'UTC'),
    version       UInt64,
    ingested_at   DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX entry_id_bloom entry_id TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(work_date)
ORDER BY (tenant_id, agency_id, work_date, entry_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- Rollup read by dashboards: minutes and entries per agency per day.
CREATE TABLE agency_daily_work
(
    tenant_id  LowCardinality(String),
    agency_id  UUID,
    work_date  Date,
    minutes    SimpleAggregateFunction(sum, UInt64),
    entries    SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(work_date)
ORDER BY (tenant_id, agency_id, work_date);

CREATE MATERIALIZED VIEW agency_daily_work_mv TO agency_daily_work AS
SELECT tenant_id, agency_id, work_date, sum(toUInt64(minutes)) AS minutes, count() AS entries
FROM work_log_fact
GROUP BY tenant_id, agency_id, work_date;

-- Agency names, from org events.
CREATE TABLE agency_dim
(
    tenant_id  LowCardinality(String),
    agency_id  UUID,
    code       String,
    name       String,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, agency_id);
