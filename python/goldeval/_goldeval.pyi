"""The native module behind the goldeval package (private: use the public modules)."""

from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

__version__: str

class RougeCore:
    """A configured ROUGE scorer (goldeval's engine)."""

    def __init__(
        self,
        types: List[str],
        keys: List[str],
        use_stemmer: bool,
        tokenizer: str,
        score_class: type,
    ) -> None: ...
    def score(self, target: str, prediction: str) -> Dict[str, Any]: ...
    def score_multi(self, targets: List[str], prediction: str) -> Dict[str, Any]: ...
    def score_pretokenized(
        self,
        target: Tuple[List[int], List[List[int]]],
        prediction: Tuple[List[int], List[List[int]]],
    ) -> Dict[str, Any]: ...
    def score_batch(
        self,
        targets: Sequence[Union[str, Sequence[str]]],
        predictions: Sequence[str],
        threads: Optional[int] = None,
    ) -> List[Tuple[bytearray, bytearray, bytearray]]: ...

def tokenize(text: str, use_stemmer: bool, tokenizer: str) -> List[str]: ...
def bootstrap(
    matrices: List[Tuple[List[float], int]],
    n_samples: int,
    confidence_interval: float,
    state: Optional[Tuple[List[int], int]] = None,
    seed: Optional[int] = None,
) -> Tuple[List[Tuple[List[float], List[float], List[float]]], Tuple[List[int], int]]: ...
def normalize_answer(s: str) -> str: ...
def get_tokens(s: str) -> List[str]: ...
def compute_exact(a_gold: str, a_pred: str) -> int: ...
def compute_f1(a_gold: str, a_pred: str) -> Union[int, float]: ...
def squad_evaluate(
    items: List[Tuple[str, List[str], float]],
    walk: List[int],
    na_prob_thresh: float,
) -> Optional[Dict[str, Any]]: ...
def match_answer(
    prediction: str,
    answers: List[str],
    publication_date: Optional[str] = None,
    abstain: bool = False,
) -> Tuple[bool, bool, Optional[int], str]: ...

DEFAULT_SEED: int

def run(
    dataset: str,
    backends: List[str],
    task: Optional[str],
    out: Optional[str],
    limit: Optional[int],
    config: Optional[str],
    jobs: int,
    repeat: int,
    cache_dir: Optional[str],
) -> Tuple[str, bool, str, List[str]]: ...
def check_run(
    run: str,
    goldens: str,
    baseline: Optional[str],
    max_drop: List[str],
    fail_under: List[str],
    max_item_regressions: Optional[int],
    max_error_rate: Optional[float],
    significant_only: bool,
    alpha: float,
    seed: int,
    resamples: int,
    config: Optional[str],
    allow_partial: bool,
) -> Tuple[bool, str, str]: ...
def compare_runs(
    runs: List[str], seed: int, resamples: int, level: float, top: int
) -> Tuple[str, str]: ...
def bless(run: str, goldens: str) -> List[Tuple[str, bool]]: ...
