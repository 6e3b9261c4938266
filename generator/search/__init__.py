"""Search: Vietnamese text analysis (mirrored in the browser), the Whoosh index, its JSON form."""
