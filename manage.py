#!/usr/bin/env python
from einclusie.manage import main

if __name__ == "__main__":
    main()
