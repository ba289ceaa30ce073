-- What the annual result needs of each period's result without decoding its breakdown: the role
-- the official was scored in, the sums of their products (the pack's requirements look at them)
-- and the disqualifiers concluded. Results stored before this migration have none (the annual
-- result then takes them as no products and no disqualifiers).
ALTER TABLE period_result
  ADD COLUMN role          text,
  ADD COLUMN sums          jsonb,
  ADD COLUMN disqualifiers text[] NOT NULL DEFAULT '{}';
