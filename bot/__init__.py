"""Telegram Q&A bot about Vietnamese telecom operators' public initiatives."""

import os

__version__ = "0.1.0"

# numpy's OpenBLAS starts a thread per core when numpy is imported, and they spin a while: a tenth of a
# second of CPU at every start on two cores (and the first core slowed meanwhile), for a bot that makes no
# BLAS call at all (its index is sorting and counting). Set before anything of the bot imports numpy; a
# value given in the environment is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
