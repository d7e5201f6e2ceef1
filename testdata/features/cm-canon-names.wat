(component (import "a:b/c@1" (version-suffix ".2.3") (instance)))
