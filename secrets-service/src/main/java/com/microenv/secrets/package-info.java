package com.microenv.secrets;
