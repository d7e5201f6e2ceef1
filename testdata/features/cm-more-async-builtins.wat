(component (type $s (stream u8)) (core func (canon stream.cancel-read $s async)))
