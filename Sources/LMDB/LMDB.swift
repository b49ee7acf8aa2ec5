// LMDB module
