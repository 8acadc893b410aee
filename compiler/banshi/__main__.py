from banshi.cli import main

main()
