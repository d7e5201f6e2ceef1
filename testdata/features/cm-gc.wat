(component
  (core module $m (func (export "f")))
  (core instance $i (instantiate $m))
  (func (canon lift (core func $i "f") gc)))
