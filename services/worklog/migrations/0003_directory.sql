-- Officials and their posts now come from the org directory (packages/directory): the
-- official_ref read model kept from org's official events is no longer read.
DROP TABLE official_ref;
