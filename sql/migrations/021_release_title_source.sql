-- How each release's title was chosen (issue 19): read exactly from a known layout, taken from a page's
-- markup or structured data, chosen among a page's lines by evidence, or none. A stored release keeps
-- null until its document is read again: a run reads a local file again when the extractor version
-- changes (it did with this column), and `pressroom reparse` reads the raw archive again.
alter table releases add column if not exists title_source varchar;

comment on column releases.title_source is 'How the title was chosen: layout:ntb (an NTB release page or its listed releases, read exactly), layout:ksno (ks.no teasers printed twice), layout:list (a news list title over its date line), json (the NTB API), rss (a feed item), html:h1 / html:og / html:title / html:teaser (HTML markup), scored (the best-scoring line of a page of no known layout: a best guess, transform/readers/evidence.py), none (no title); null for a release loaded before this column existed and not read since.';
