-- Quotes (quotes.v1): the mention that names the speaker (a name, a pronoun's antecedent or an
-- unnamed source's descriptor), resolved to its actor when read; direct or indirect speech; and
-- the role of each evidence span (content, speaker, cue) so that a quote's parts stay apart.
ALTER TABLE quotes ADD COLUMN speaker_mention TEXT;
ALTER TABLE quotes ADD COLUMN kind TEXT;
ALTER TABLE evidence ADD COLUMN role TEXT;
