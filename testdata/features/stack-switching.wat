(module (type $f (func)) (type (cont $f)))
