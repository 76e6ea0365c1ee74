"""Where the learners' work is kept and whose it is: the store (`store`), who is visiting (`learner`) and
their progress through the modules (`progress`). Knows nothing of exercises or pages."""
