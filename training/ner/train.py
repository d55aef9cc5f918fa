"""Train the compact NER models that ship inside newstrace (``src/newstrace/models/ner_*``).

    python training/ner/train.py en ../shared/eval/ner/conll03-en/train.conllu \
        ../shared/eval/ner/conll03-en/val.conllu
    python training/ner/train.py it ../shared/eval/ner/kind-it/WN_train.tsv \
        ../shared/eval/ner/kind-it/WN_dev.tsv

Each model is a blank spaCy pipeline with one ``ner`` component (its own tok2vec). The
entities stage runs it on its own vocabulary, beside the language's spaCy pipeline (the
English model's features would change if it ran inside en_core_web_sm, whose vocabulary
normalises words differently). The dev file only selects the best checkpoint; the eval gate
scores the same dev split, and docs/quality.md says so. No static vectors: the model must be
small and must not need a download.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

CONFIG = """
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "{lang}"
pipeline = ["ner"]
batch_size = 1000
tokenizer = {{"@tokenizers":"spacy.Tokenizer.v1"}}

[components]

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.ner.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [10000,5000,5000,5000]
include_static_vectors = false

[components.ner.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[corpora]

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = {{"@augmenters":"spacy.lower_case.v1","level":0.05}}

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.15
accumulate_gradient = 1
patience = {patience}
max_epochs = 0
max_steps = {max_steps}
eval_frequency = 400
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def read_iob(path: Path) -> list[tuple[list[str], list[str]]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from newstrace.eval.ner import read_conll

    return list(read_conll(path))


def to_docbin(lang: str, sentences: list[tuple[list[str], list[str]]], out: Path) -> None:
    import spacy
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank(lang)
    bin_ = DocBin()
    # ten sentences per doc: the model sees some context and sentence starts mid-doc
    for i in range(0, len(sentences), 10):
        words: list[str] = []
        tags: list[str] = []
        for tokens, iob in sentences[i : i + 10]:
            words.extend(tokens)
            tags.extend(iob)
        bin_.add(Doc(nlp.vocab, words=words, ents=tags))
    bin_.to_disk(out)


def main(lang: str, train: str, dev: str, out: str | None = None) -> None:
    from spacy.cli.train import train as spacy_train

    root = Path(__file__).resolve().parents[2]
    target = Path(out) if out else root / "src" / "newstrace" / "models" / f"ner_{lang}"
    work = Path(tempfile.mkdtemp(prefix=f"ner-{lang}-"))
    to_docbin(lang, read_iob(Path(train)), work / "train.spacy")
    to_docbin(lang, read_iob(Path(dev)), work / "dev.spacy")
    config = work / "config.cfg"
    config.write_text(
        CONFIG.format(lang=lang, width=128, depth=4, patience=3200, max_steps=16000),
        encoding="utf-8",
    )
    spacy_train(
        config,
        work / "output",
        overrides={"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")},
    )
    best = work / "output" / "model-best"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    print(f"model written to {target}")


if __name__ == "__main__":
    main(*sys.argv[1:])
