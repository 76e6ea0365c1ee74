"""What a notebook calls: the frame of every module's page (`course`: header, navigation, exercises saved
as the learner goes), the home page (`home_page`), the journal (`journal`) and the deck's text (`text`)."""
