/*
 * SPDX-License-Identifier: MIT
 *
 * Default port hooks. Each is weak so firmware can provide its own.
 */
#include <stdint.h>

void ota_port_panic( const char * pMessage,
                     uint32_t messageLength );

/* Called on bare-metal builds if the library ever panics. The core is written so
 * that no input can reach a panic; this is the last line of defence. The default
 * stops here so a debugger shows where; firmware usually resets instead. */
#if defined( __GNUC__ )
    __attribute__( ( weak ) )
#endif
void ota_port_panic( const char * pMessage,
                     uint32_t messageLength )
{
    ( void ) pMessage;
    ( void ) messageLength;

    for( ; ; )
    {
    }
}
