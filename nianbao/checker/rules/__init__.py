"""Rule families of the report checker (检查规则). Each module exposes `check(...)` returning
findings; the engine runs them in order."""
