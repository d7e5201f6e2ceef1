;; an exported setter needs an exported getter (an imported one does not count)
(component
  (import "[get]x" (func $f (result u32))) (import "g" (func $g (param "value" u32))) (export "[set]x" (func $g)))
