"""Analysis stages. See ``base`` for the contract and the registry."""

from .base import (
    Corpus,
    CorpusResult,
    Stage,
    build_stages,
    check_order,
    plan,
    register,
    registered,
)

__all__ = [
    "Corpus",
    "CorpusResult",
    "Stage",
    "build_stages",
    "check_order",
    "plan",
    "register",
    "registered",
]
