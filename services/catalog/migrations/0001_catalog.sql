-- Work-item catalog (danh mục đầu công việc).
CREATE TABLE work_item (
  id                uuid PRIMARY KEY,
  tenant_id         text        NOT NULL,
  code              text        NOT NULL,
  name              text        NOT NULL,
  product_unit      text        NOT NULL,
  standard_minutes  integer     NOT NULL CHECK (standard_minutes BETWEEN 1 AND 14400),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT work_item_code_unique UNIQUE (tenant_id, code)
);
