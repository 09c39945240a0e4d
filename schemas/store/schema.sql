-- store: an invented retailer's sales ledger: customers, the product catalogue, invoices and
-- their lines. Every customer, town, brand and product is made up (see generate.json), so
-- that no model can answer from memory.

CREATE TABLE customers (
    CustomerID  INTEGER PRIMARY KEY,
    Name        TEXT NOT NULL,
    City        TEXT NOT NULL,
    Segment     TEXT NOT NULL,     -- consumer, small business, corporate or wholesale
    SignupDate  TEXT NOT NULL,     -- YYYY-MM-DD
    LoyaltyTier TEXT               -- bronze, silver, gold or platinum; NULL if not enrolled
);

CREATE TABLE products (
    ProductID   INTEGER PRIMARY KEY,
    Name        TEXT NOT NULL,
    Category    TEXT NOT NULL,
    Brand       TEXT NOT NULL,
    UnitPrice   REAL NOT NULL,     -- list price in euros
    WeightGrams INTEGER,           -- shipping weight; NULL for downloads and vouchers
    LaunchYear  INTEGER NOT NULL
);

CREATE TABLE invoices (
    InvoiceID     INTEGER PRIMARY KEY,
    CustomerID    INTEGER NOT NULL REFERENCES customers (CustomerID),
    InvoiceDate   TEXT NOT NULL,   -- YYYY-MM-DD
    PaymentMethod TEXT NOT NULL,
    Status        TEXT NOT NULL,   -- paid, pending, refunded or cancelled
    Channel       TEXT NOT NULL,   -- online, in store or by phone
    ShippingFee   REAL             -- euros; NULL when no delivery was charged
);

CREATE TABLE invoice_lines (
    LineID    INTEGER PRIMARY KEY,
    InvoiceID INTEGER NOT NULL REFERENCES invoices (InvoiceID),
    ProductID INTEGER NOT NULL REFERENCES products (ProductID),
    Quantity  INTEGER NOT NULL,
    UnitPrice REAL NOT NULL,       -- euros charged per unit (the list price at the time)
    Discount  INTEGER              -- percent off; NULL when no discount applied
);
