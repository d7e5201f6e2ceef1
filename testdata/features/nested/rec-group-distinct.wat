;; the same function type in a rec group of two and on its own: distinct types, so instantiation fails
(component
  (core module $a
    (rec (type $t (func (param i32))) (type $u (struct)))
    (func (export "f") (param (ref null $t) i32) (result i32) local.get 1))
  (core module $b
    (type $t (func (param i32)))
    (import "a" "f" (func (param (ref null $t) i32) (result i32))))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia)))))
