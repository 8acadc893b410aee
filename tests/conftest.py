import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# Every test catalog would leave a cache folder in ~/.cache/banshi: keep them in one place
# that goes away with the session (subprocesses inherit it).
_CACHE = tempfile.TemporaryDirectory(prefix="banshi-test-cache-")
os.environ["BANSHI_CACHE_DIR"] = _CACHE.name
