(module (func (param f32) (result f32) local.get 0))
