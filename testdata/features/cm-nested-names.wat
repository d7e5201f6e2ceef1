(component (import "a:b:c/d" (func)))
