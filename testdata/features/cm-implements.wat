(component (import "a" (implements "a:b/c") (instance)))
