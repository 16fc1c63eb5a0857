"""Silence what pyHanko says at import time and the app has no use for (imported first by the package)."""

import warnings

from cryptography.utils import CryptographyDeprecationWarning

# pyHanko imports DSA support, which cryptography deprecates; the app never uses DSA keys
warnings.filterwarnings("ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning)
