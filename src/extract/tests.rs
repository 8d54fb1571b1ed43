// sentence tests
