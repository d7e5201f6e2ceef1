;; exports pair the same way, separately from imports
(component
  (import "f" (func $f (result u32))) (import "g" (func $g (param "value" u32))) (export "[get]x" (func $f)) (export "[set]x" (func $g)))
