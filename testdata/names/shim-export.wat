;; The shape wit-component gives an exported interface with a resource: the resource is passed to a nested
;; shim component that imports it as `import-type-codec` and re-exports it as `codec`; the instance of the
;; shim is the export. Readers must name the resource `codec`, as the exported instance does.
(component
  (core module $m
    (func (export "new") (result i32) i32.const 0)
    (func (export "id") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $codec (resource (rep i32)))
  (type $new-ty (func (result (own $codec))))
  (type $id-ty (func (param "self" (borrow $codec)) (result u32)))
  (func $new (type $new-ty) (canon lift (core func $i "new")))
  (func $id (type $id-ty) (canon lift (core func $i "id")))
  (component $shim
    (import "import-type-codec" (type $c (sub resource)))
    (import "import-constructor-codec" (func $n (result (own $c))))
    (import "import-method-codec-id" (func $d (param "self" (borrow $c)) (result u32)))
    (export $e "codec" (type $c))
    (export "[constructor]codec" (func $n) (func (result (own $e))))
    (export "[method]codec.id" (func $d) (func (param "self" (borrow $e)) (result u32))))
  (instance $inst (instantiate $shim
    (with "import-type-codec" (type $codec))
    (with "import-constructor-codec" (func $new))
    (with "import-method-codec-id" (func $id))))
  (export "example:codec/codec" (instance $inst)))
