print("albo")
