;; GC types inside a core module type: rec groups, non-final and final subtypes (wasm-tools writes them as
;; the core binary format does, `0x50` for a non-final `sub`, without the `0x00` prefix of component level)
(component
  (core type (sub (struct)))
  (core type $s (sub (struct (field i32))))
  (core type (sub $s (struct (field i32) (field i64))))
  (core type (module
    (rec (type $a (struct (field (ref null $b)))) (type $b (array (ref null $a))))
    (type $p (sub (struct)))
    (type (sub final $p (struct (field i8))))
    (type (func (param (ref null 0))))
    (import "m" "f" (func (type 4)))
    (export "g" (global (ref null 2))))))
