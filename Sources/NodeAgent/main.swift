print("nodeagent")
